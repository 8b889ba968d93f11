/** Characters a replayed or computed answer is cut into per streamed piece, at most (a few words). */
const PIECE_LENGTH = 24;

/**
 * A finished text as stream pieces, cut after whitespace where possible, so that an answer that
 * was never written token by token (a cache hit, the offline model) still arrives in pieces.
 * Joined, the pieces are the text.
 */
export function toStreamPieces(text: string, pieceLength = PIECE_LENGTH): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + pieceLength);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space + 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
