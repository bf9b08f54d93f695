// The handover document as data: sections of paragraphs, lists and tables, rendered to markdown or html.
// Text is plain (renderers escape it); `code` parts render as inline code.

export type Inline = string | { code: string };
export type Text = Inline[];

export type Block = { kind: 'p'; text: Text } | { kind: 'list'; items: Text[]; ordered?: boolean } | { kind: 'table'; columns: string[]; rows: string[][]; omitted?: number };

export interface HandoverSection {
  id: string;
  title: string;
  /** Where the data came from, or why it was not measured, in one line. */
  source: Text;
  /** False when the section has no data of its own (it then says what to run). */
  measured: boolean;
  blocks: Block[];
}

export interface HandoverDoc {
  title: string;
  /** Lines under the title: where the report came from, the config, when. */
  intro: Text[];
  sections: HandoverSection[];
  footer: Text;
}

/** Tagged template for Text: `t\`run ${code('launchready load')}\``. Interpolated strings stay plain text. */
export function t(strings: TemplateStringsArray, ...parts: (Inline | Text)[]): Text {
  const out: Text = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i < parts.length) {
      const part = parts[i] as Inline | Text;
      if (Array.isArray(part)) out.push(...part);
      else out.push(part);
    }
  });
  return out;
}

export const code = (value: string): Inline => ({ code: value });

export function plainText(text: Text): string {
  return text.map((p) => (typeof p === 'string' ? p : p.code)).join('');
}
