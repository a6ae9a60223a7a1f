/**
 * Waits at most `ms` for `promise` to settle (fulfilled or rejected alike):
 * true when it did, false on timeout. Used to let the response of an abandoned
 * command arrive and be discarded before the next command is sent.
 */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}
