/**
 * The app's JSON log lines (written to stdout and stderr), kept for assertions instead of
 * printed; anything else (jest's own output) goes through.
 */
export interface CapturedLog {
  /** A mark to read from: `lines(mark)` returns what was logged since. */
  mark(): number;
  lines(from?: number): Record<string, any>[];
  /** The raw text logged since `from`, to search for values that must not be there. */
  text(from?: number): string;
  restore(): void;
}

export function captureLog(): CapturedLog {
  const logged: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream) as (chunk: unknown) => boolean;
    return jest.spyOn(stream, 'write').mockImplementation((chunk) => (String(chunk).startsWith('{"time"') ? logged.push(String(chunk)) > 0 : write(chunk)));
  });
  const text = (from = 0) => logged.slice(from).join('');
  return {
    mark: () => logged.length,
    text,
    lines: (from = 0) => text(from).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** Log lines holding a stack trace. */
export function stackTraces(lines: Record<string, any>[]): number {
  return lines.filter((line) => JSON.stringify(line).includes('    at ')).length;
}
