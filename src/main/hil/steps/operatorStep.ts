import type { SuiteStepOf } from '../../../shared/domain/hilSuite';
import { checkNumeric, checkText } from '../limits';
import { StepError, type StepRuntime } from '../stepRuntime';

/** Asks the operator: acknowledge, confirm (passes on yes) or enter a number (checked against the limit). */
export async function runOperator(step: SuiteStepOf<'operator'>, rt: StepRuntime): Promise<void> {
  const operator = rt.context.operator;
  if (operator === undefined) throw new StepError('This step needs an operator, and none is at the station (add skipIf: [no-operator]).');
  switch (step.ask) {
    case 'acknowledge':
      await operator.acknowledge(step.text, rt.signal);
      rt.log('info', `Operator acknowledged: ${step.text}`);
      return;
    case 'confirm': {
      const yes = await operator.confirm(step.text, rt.signal);
      rt.record(checkText('answer', yes ? 'yes' : 'no', { equals: 'yes' }));
      return;
    }
    case 'number': {
      const value = await operator.enterNumber(step.text, step.unit ?? '', rt.signal);
      rt.record(checkNumeric('entered', value, step.unit ?? '', step.limit));
      return;
    }
  }
}
