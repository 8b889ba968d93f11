/** Reads an uploaded file as UTF-8 text, refusing other types, big files and binary data. */
export const MAX_FILE_BYTES = 200 * 1024;

export interface TextFileRules {
  /** Accepted name endings, lower case (default `.txt`, `.md`, `.markdown`). */
  readonly extensions?: readonly string[];
  /** What the refusal of another type calls the accepted ones (default "a .txt or .md file"). */
  readonly kind?: string;
  /** Largest accepted size in bytes (default `MAX_FILE_BYTES`). */
  readonly maxBytes?: number;
}

export type FileReadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function readTextFile(file: File, rules: TextFileRules = {}): Promise<FileReadResult> {
  const extensions = rules.extensions ?? ['.txt', '.md', '.markdown'];
  const maxBytes = rules.maxBytes ?? MAX_FILE_BYTES;
  const name = file.name.toLowerCase();
  if (!extensions.some((extension) => name.endsWith(extension))) {
    return { ok: false, message: `${file.name} is not ${rules.kind ?? 'a .txt or .md file'}.` };
  }
  if (file.size > maxBytes) {
    return { ok: false, message: `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    if (text.trim() === '') return { ok: false, message: `${file.name} is empty.` };
    return { ok: true, text: text.replace(/^\uFEFF/, '') };
  } catch {
    return { ok: false, message: `${file.name} is not UTF-8 text.` };
  }
}
