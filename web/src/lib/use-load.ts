/**
 * The state of a read a page shows: `loading` while it runs, `error` in words when it failed, `data` from the last
 * answer. When reads overlap (a filter changed meanwhile), only the last one's answer and error count.
 */
import { ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';
import { errorText } from '../api/client';

export type Load<T> = {
  data: ShallowRef<T>;
  loading: Ref<boolean>;
  error: Ref<string>;
  reload: () => Promise<void>;
};

export function useLoad<T>(fn: () => Promise<T>): Load<T | null>;
export function useLoad<T>(fn: () => Promise<T>, initial: T): Load<T>;
export function useLoad<T>(fn: () => Promise<T>, initial: T | null = null): Load<T | null> {
  const data = shallowRef<T | null>(initial);
  const loading = ref(false);
  const error = ref('');
  let seq = 0;
  async function reload() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const answer = await fn();
      if (mine === seq) data.value = answer;
    } catch (err) {
      if (mine === seq) error.value = errorText(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  return { data, loading, error, reload };
}

/**
 * A list read a page at a time: `read` reads the page `page` holds. A change of `filters` goes back to the first
 * page (and reads it), a change of page reads that page.
 */
export function usePagedLoad<T>(
  filters: WatchSource<unknown>,
  read: (page: number) => Promise<T>,
): Load<T | null> & { page: Ref<number> };
export function usePagedLoad<T>(
  filters: WatchSource<unknown>,
  read: (page: number) => Promise<T>,
  initial: T,
): Load<T> & { page: Ref<number> };
export function usePagedLoad<T>(
  filters: WatchSource<unknown>,
  read: (page: number) => Promise<T>,
  initial: T | null = null,
): Load<T | null> & { page: Ref<number> } {
  const page = ref(1);
  const load = useLoad(() => read(page.value), initial);
  watch(filters, () => {
    if (page.value === 1) void load.reload();
    else page.value = 1;
  });
  watch(page, load.reload);
  return { ...load, page };
}
