import { type Ref, ref } from 'vue';
import { problemMessage } from '../api/client.ts';

/** A form that checks its own fields, as Element Plus's el-form does; typed by shape so phone forms need no kit. */
interface Validating {
  validate(): Promise<unknown>;
}

/**
 * Sending a form: `busy` while the work runs, `error` with the server's words when it fails. `submit` answers
 * the work's result, or undefined when the form was invalid or the work failed. Given the form's ref, it checks
 * the fields first; a form not yet rendered counts as invalid, so nothing is sent from a half-built dialog.
 */
export function useSubmission(formRef?: Ref<Validating | undefined>) {
  const busy = ref(false);
  const error = ref('');

  async function submit<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (formRef && !(await formRef.value?.validate().catch(() => false))) return undefined;
    busy.value = true;
    error.value = '';
    try {
      return await work();
    } catch (failure) {
      error.value = problemMessage(failure);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, submit };
}
