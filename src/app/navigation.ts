/**
 * Who sees which screen (issue 9): an inspector records; the lead also reviews, weighs coverage,
 * drafts judgements and runs the team meetings; a coordinator also sets inspections up. The nav
 * row shows only what the role may open, and the routes refuse the rest (LeadOnly).
 */
export type NavRole = 'inspector' | 'lead';

export type NavItem = { to: string; label: string; end: boolean };

const INSPECTOR_NAV: readonly NavItem[] = [
  { to: '', label: 'Home', end: true },
  { to: 'evidence', label: 'Evidence', end: false },
  { to: 'cases', label: 'Child cases', end: false },
  { to: 'safeguarding', label: 'Safeguarding', end: false },
];

const LEAD_NAV: readonly NavItem[] = [
  { to: 'today', label: 'Today', end: false },
  { to: 'coverage', label: 'Coverage', end: false },
  { to: 'judgements', label: 'Judgements', end: false },
  { to: 'meetings', label: 'Team meetings', end: false },
];

/** The screens under an inspection only its lead opens: a route guard and the nav both read it. */
export const LEAD_SECTIONS = LEAD_NAV.map((item) => item.to);

/** The inspection's screens for a role, as absolute paths under `/i/<id>`. */
export const inspectionNav = (base: string, role: NavRole): NavItem[] =>
  [...INSPECTOR_NAV, ...(role === 'lead' ? LEAD_NAV : [])].map((item) => ({
    ...item,
    to: item.to ? `${base}/${item.to}` : base,
  }));
