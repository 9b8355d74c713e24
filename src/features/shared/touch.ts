/**
 * A link standing on its own (not inside a sentence) gets a tap area of at least 44 px
 * (DESIGN.md §6): inline-block with GOV.UK spacing utilities above and below, no custom CSS.
 */
export const TAP_TARGET =
  'govuk-!-display-inline-block govuk-!-padding-top-3 govuk-!-padding-bottom-3';
export const TAP_LINK = `govuk-link ${TAP_TARGET}`;
