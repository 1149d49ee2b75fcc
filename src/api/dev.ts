import type { ApiResponse } from '@shared/contracts';
import { ApiCallError } from './errors';
import { getJson, postJson } from './transport.h5';

/** A demo person offered by the local gateway's dev login. */
export interface DevPerson {
  id: string;
  name: string;
  /** Chinese role names, e.g. 工会主席. */
  roles: string[];
  unionName: string | null;
}

const unwrap = <T>(res: ApiResponse<T>): T => {
  if (res.ok) return res.data;
  throw new ApiCallError(res.error);
};

/** Local development only (h5 + gateway): who can be signed in as, and signing in. */
export const devApi = {
  people: async (): Promise<DevPerson[]> => unwrap(await getJson<{ people: DevPerson[] }>('dev/people')).people,
  login: async (personId: string): Promise<string> =>
    unwrap(await postJson<{ token: string }>('dev/login', { personId }, null)).token,
};
