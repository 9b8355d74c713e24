/**
 * A child is recorded by the authority's own case ID, never by name (DESIGN.md §2.3): special
 * category data about children must not sit on a tablet or a server by name. A person's name
 * typed by habit looks like two or more capitalised words with no digits ("Jayden Smith",
 * "Mary-Ann O'Neill"), which no authority's case ID does.
 */
const NAME_WORD = /^\p{Lu}[\p{L}'’-]*$/u;

export const looksLikeAName = (value: string): boolean => {
  const words = value.trim().split(/\s+/);
  return !/\d/.test(value) && words.length >= 2 && words.every((w) => NAME_WORD.test(w));
};

/** The problem with a case reference, in words for the person, or null when it will do. */
export const caseRefProblem = (value: string): string | null => {
  const trimmed = value.trim();
  if (!trimmed) return "Enter the authority's case reference";
  if (trimmed.length > 100) return 'The case reference must be 100 characters or fewer';
  if (looksLikeAName(trimmed))
    return "This looks like a person's name. Enter the authority's own case ID instead — children are never recorded by name";
  return null;
};

export const CASE_REF_HINT =
  "The child's ID in the authority's own case recording system, for example 100234 or LAC-0457. Never a name: the ID lets you find the record again without this device holding who the child is.";
