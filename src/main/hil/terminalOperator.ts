import { createInterface } from 'node:readline/promises';
import type { IOperator } from './hilContext';

/**
 * The operator at a terminal (`sensor-console hil run` on an interactive shell): questions are
 * printed and answered by typing. An aborted run withdraws the open question.
 */
export class TerminalOperator implements IOperator {
  readonly #input: NodeJS.ReadableStream;
  readonly #output: NodeJS.WritableStream;

  constructor(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout) {
    this.#input = input;
    this.#output = output;
  }

  async acknowledge(text: string, signal: AbortSignal): Promise<void> {
    await this.#ask(`${text}\n  Press Enter when done. `, signal);
  }

  async confirm(text: string, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      const answer = (await this.#ask(`${text} [y/n] `, signal)).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return true;
      if (answer === 'n' || answer === 'no') return false;
    }
  }

  async enterNumber(text: string, unit: string, signal: AbortSignal): Promise<number> {
    for (;;) {
      const answer = (await this.#ask(`${text}${unit === '' ? '' : ` (${unit})`}: `, signal)).trim();
      const value = Number(answer);
      if (answer !== '' && Number.isFinite(value)) return value;
      this.#output.write('  Please type a number.\n');
    }
  }

  async #ask(question: string, signal: AbortSignal): Promise<string> {
    const rl = createInterface({ input: this.#input, output: this.#output, terminal: false });
    try {
      return await rl.question(question, { signal });
    } finally {
      rl.close();
    }
  }
}
