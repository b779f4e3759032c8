import { runSimCommand, SIM_USAGE } from './cli/simCommand';
import { HIL_USAGE, runHilCommand } from './hil/hilCommand';
import { runValidateCommand, VALIDATE_USAGE } from './validation/validateCommand';
import { runWebCommand, WEB_USAGE } from './cli/webCommand';

const USAGE = `usage: sensor-console <command> [options]

commands:
  web     serve the console to a browser on this machine
  sim     simulated devices and datasets
  hil     hardware-in-the-loop test suites
  validate  offline model validation on a labelled dataset

${WEB_USAGE}

${SIM_USAGE}

${HIL_USAGE}

${VALIDATE_USAGE}`;

/** The CLI shell: the same core as the desktop app, driven from a terminal or a lab's CI. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'web':
      return runWebCommand(rest);
    case 'sim':
      return runSimCommand(rest);
    case 'hil':
      return runHilCommand(rest);
    case 'validate':
      return runValidateCommand(rest);
    case undefined:
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
