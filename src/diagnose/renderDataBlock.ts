import type { EvidenceSection } from './types.js';

/** The tag around the evidence; the system prompt tells the model its content is data, never instructions. */
export const DATA_TAG = 'kubernetes_evidence';

// Anything that could pass for our delimiter (any case, spacing, attributes) inside the data.
const DELIMITER_LOOKALIKE = new RegExp(`<(\\s*/?\\s*${DATA_TAG})`, 'gi');

/** Makes data unable to close (or reopen) the data block: `<` of a look-alike becomes `‹`. */
export function neutralise(text: string): string {
  return text.replace(DELIMITER_LOOKALIKE, '‹$1');
}

/** The sections as `### title` and their lines, delimiters neutralised. */
export function renderSections(sections: readonly EvidenceSection[]): string {
  return sections.map((section) => [`### ${section.title}`, ...section.lines].map(neutralise).join('\n')).join('\n\n');
}

/** The evidence block as it goes into the user message. */
export function renderDataBlock(sections: readonly EvidenceSection[]): string {
  return `<${DATA_TAG}>\n${renderSections(sections)}\n</${DATA_TAG}>`;
}
