import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/**
 * VIS-12: a chat transcript as a real PDF (pdfkit). Text is set in Noto Sans JP (OFL, shipped by
 * the @expo-google-fonts/noto-sans-jp package), which covers Latin and Japanese; pdfkit embeds
 * only the glyphs used, so a transcript stays small.
 */
let font: Buffer | null = null;
function transcriptFont(): Buffer {
  font ??= readFileSync(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"));
  return font;
}

export interface TranscriptInput {
  title: string;
  visitor: string;
  operator: string | null;
  startedAt: Date;
  endedAt: Date | null;
  question: string | null;
  messages: { from: string; name?: string | null; text: string; at: string | Date }[];
}

export function renderTranscript(t: TranscriptInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: t.title, Creator: "CRM graph" } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.registerFont("body", transcriptFont());
    doc.font("body");
    doc.fontSize(16).text(t.title);
    doc.moveDown(0.5);
    doc.fontSize(9).fillColor("#555555");
    doc.text(`Visitor: ${t.visitor}`);
    if (t.operator) doc.text(`Operator: ${t.operator}`);
    doc.text(`Started: ${t.startedAt.toISOString()}${t.endedAt ? `  Ended: ${t.endedAt.toISOString()}` : ""}`);
    if (t.question) doc.text(`Question: ${t.question}`);
    doc.moveDown();
    for (const m of t.messages) {
      const at = new Date(m.at).toISOString();
      const who = m.name ? `${m.name} (${m.from.toLowerCase()})` : m.from.toLowerCase();
      doc.fontSize(8).fillColor("#777777").text(`${who} · ${at}`);
      doc.fontSize(11).fillColor("#000000").text(m.text);
      doc.moveDown(0.5);
    }
    doc.end();
  });
}
