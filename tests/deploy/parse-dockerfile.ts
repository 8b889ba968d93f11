/**
 * A Dockerfile as stages of instructions: line continuations joined, comments and parser
 * directives dropped, global `ARG` defaults substituted into `FROM`, and `COPY`/`ADD` split into
 * flags, sources and destination (shell and JSON forms). Heredocs are refused rather than misread.
 */

export interface Instruction {
  /** Upper-case keyword: `RUN`, `COPY`, `CMD`... */
  readonly keyword: string;
  /** Everything after the keyword, continuations joined. */
  readonly value: string;
  readonly line: number;
}

export interface CopyInstruction {
  readonly keyword: 'COPY' | 'ADD';
  readonly flags: Readonly<Record<string, string>>;
  readonly sources: readonly string[];
  readonly destination: string;
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  /** The base image after `ARG` substitution. */
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
  stage(name: string): Stage;
}

function toLogicalLines(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  const result: Instruction[] = [];
  let current: { text: string; line: number } | undefined;
  for (const [index, raw] of lines.entries()) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (current === undefined && trimmed === '')) continue;
    const continued = trimmed.endsWith('\\');
    const body = continued ? trimmed.slice(0, -1) : trimmed;
    current = current ? { text: `${current.text} ${body}`, line: current.line } : { text: body, line: index + 1 };
    if (continued) continue;
    const match = /^(\S+)\s*(.*)$/s.exec(current.text.trim());
    if (match) {
      if (match[2]!.includes('<<')) throw new Error(`Dockerfile:${current.line}: heredocs are not supported here`);
      result.push({ keyword: match[1]!.toUpperCase(), value: match[2]!.trim(), line: current.line });
    }
    current = undefined;
  }
  return result;
}

function substitute(value: string, args: ReadonlyMap<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    return args.get(name) ?? whole;
  });
}

/** Splits the arguments of an exec-form (`["a", "b"]`) or shell-form instruction. */
export function toArguments(value: string): string[] {
  if (value.startsWith('[')) {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new Error(`not a JSON array of strings: ${value}`);
    }
    return parsed;
  }
  return value.split(/\s+/).filter(Boolean);
}

export function toCopyInstruction(instruction: Instruction): CopyInstruction {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') {
    throw new Error(`Dockerfile:${instruction.line}: not a COPY or ADD`);
  }
  const flags: Record<string, string> = {};
  let rest = instruction.value;
  for (let flag = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest); flag; flag = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest)) {
    flags[flag[1]!] = flag[2] ?? 'true';
    rest = rest.slice(flag[0].length);
  }
  const parts = toArguments(rest);
  if (parts.length < 2)
    throw new Error(`Dockerfile:${instruction.line}: ${instruction.keyword} needs a source and a destination`);
  return {
    keyword: instruction.keyword,
    flags,
    sources: parts.slice(0, -1),
    destination: parts.at(-1)!,
    line: instruction.line,
  };
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs = new Map<string, string>();
  const stages: { name: string | undefined; from: string; instructions: Instruction[] }[] = [];
  for (const instruction of toLogicalLines(text)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = substitute(instruction.value, globalArgs).split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, from: image, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`Dockerfile:${instruction.line}: only ARG may precede FROM`);
      const [name = '', ...value] = instruction.value.split('=');
      globalArgs.set(name.trim(), value.join('=').trim());
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return {
    stages,
    stage(name) {
      const found = stages.find((stage) => stage.name === name);
      if (!found) throw new Error(`Dockerfile: no stage named ${name}`);
      return found;
    },
  };
}
