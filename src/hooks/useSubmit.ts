import { useRef, useState } from 'react';
import { ApiCallError } from '@/api';
import { toastError } from '@/utils/toast';

/** Field name → Chinese message, as the server (and the contracts) name them. */
export type FieldErrors = Record<string, string>;

export interface SubmitOptions {
  /** Shown instead of the default toast when the work fails (field errors are kept either way). */
  onError?: (error: unknown) => void;
}

/**
 * A form's submit: one at a time (a second tap while busy does nothing), the server's field errors kept
 * for the form to show beside each field, every refusal toasted (or handed to `onError`). `submit(work)`
 * resolves to what `work` returned, or undefined when it was refused or already running.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const running = useRef(false);

  const submit = async <T>(work: () => Promise<T>, options: SubmitOptions = {}): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    try {
      return await work();
    } catch (e) {
      if (e instanceof ApiCallError && e.fields) setErrors(e.fields);
      if (options.onError) options.onError(e);
      else toastError(e);
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  return { busy, errors, setErrors, submit };
}
