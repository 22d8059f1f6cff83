/**
 * When the pipeline API has not answered within a few seconds the person first gets a note that it is slow, then
 * the result. The note is sent before the result can be, so the two never arrive out of order.
 */

/** How `work` ended, and whether the interim notice went out (the result must then replace it). */
export interface SlowAnswer<T> {
  result: PromiseSettledResult<T>;
  noticeShown: boolean;
}

/** Awaits `work`; if it takes longer than `afterMs`, runs `onSlow` first (`false` or a failure: no notice shown). */
export async function awaitWithNotice<T>(
  work: Promise<T>,
  afterMs: number,
  onSlow: () => Promise<boolean>,
): Promise<SlowAnswer<T>> {
  const settled: Promise<PromiseSettledResult<T>> = work.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
  // setTimeout treats anything above 2^31 ms as 1 ms: "never" must not become "at once".
  if (!Number.isFinite(afterMs)) return { result: await settled, noticeShown: false };
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), afterMs);
  });
  const first = await Promise.race([settled, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return { result: first, noticeShown: false };
  let noticeShown = false;
  try {
    noticeShown = await onSlow();
  } catch {
    // The notice is a courtesy: the result still goes out, as a fresh message.
  }
  return { result: await settled, noticeShown };
}
