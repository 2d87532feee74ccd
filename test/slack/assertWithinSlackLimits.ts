import { expect } from 'vitest';

interface Text {
  text: string;
}
interface Block {
  type: string;
  text?: Text;
  fields?: Text[];
  elements?: { text: string | Text; value?: string; action_id?: string }[];
}
const textOf = (t: string | Text): string => (typeof t === 'string' ? t : t.text);

/**
 * Checks a message against Slack's documented Block Kit limits, independently of our own
 * constants: what Slack would reject with `invalid_blocks` or `msg_too_long`.
 */
export function assertWithinSlackLimits(message: { text: string; blocks: unknown[] }): void {
  const len = (s: string): number => Array.from(s).length;
  expect(message.text.length).toBeGreaterThan(0);
  expect(len(message.text)).toBeLessThanOrEqual(40_000);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks as Block[]) {
    if (block.type === 'header') expect(len(block.text?.text ?? '')).toBeLessThanOrEqual(150);
    if (block.type === 'section') {
      expect(block.text !== undefined || block.fields !== undefined).toBe(true);
      if (block.text) expect(len(block.text.text)).toBeLessThanOrEqual(3000);
      if (block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(10);
        for (const f of block.fields) expect(len(f.text)).toBeLessThanOrEqual(2000);
      }
    }
    const elements = block.elements ?? [];
    if (block.type === 'context') {
      expect(elements.length).toBeLessThanOrEqual(10);
      for (const e of elements) expect(len(textOf(e.text))).toBeLessThanOrEqual(3000);
    }
    if (block.type === 'actions') {
      expect(elements.length).toBeLessThanOrEqual(25);
      for (const e of elements) {
        expect(len(textOf(e.text))).toBeLessThanOrEqual(75);
        expect(len(e.value ?? '')).toBeLessThanOrEqual(2000);
        expect(len(e.action_id ?? '')).toBeLessThanOrEqual(255);
      }
    }
    // Every code fence is closed, or Slack shows the rest of the message as code.
    const texts = [block.text?.text, ...(block.fields ?? []).map((f) => f.text)].filter((t): t is string => typeof t === 'string');
    for (const t of texts) expect((t.match(/```/g) ?? []).length % 2).toBe(0);
  }
}
