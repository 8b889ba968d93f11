/** Reads an uploaded `.txt`/`.md` file as UTF-8 text, refusing other types, big files and binary data. */
export const MAX_FILE_BYTES = 200 * 1024;
const EXTENSIONS = ['.txt', '.md', '.markdown'];

export type FileReadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function readTextFile(file: File): Promise<FileReadResult> {
  const name = file.name.toLowerCase();
  if (!EXTENSIONS.some((extension) => name.endsWith(extension))) {
    return { ok: false, message: `${file.name} is not a .txt or .md file.` };
  }
  if (file.size > MAX_FILE_BYTES) {
    return {
      ok: false,
      message: `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_FILE_BYTES)}.`,
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    if (text.trim() === '') return { ok: false, message: `${file.name} is empty.` };
    return { ok: true, text: text.replace(/^\uFEFF/, '') };
  } catch {
    return { ok: false, message: `${file.name} is not UTF-8 text.` };
  }
}
