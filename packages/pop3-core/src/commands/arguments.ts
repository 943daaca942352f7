/** Numeric arguments: message numbers and line counts are plain decimal (RFC 1939 §3). */

/**
 * A decimal argument, or undefined when it is missing or not all digits ("+1", "1.0", "0x1"
 * are refused). Huge values are kept as Infinity-safe large numbers; callers compare them.
 */
export function decimal(arg: string | undefined): number | undefined {
  if (arg === undefined || !/^[0-9]+$/.test(arg)) return undefined;
  const value = Number(arg);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

/** A client's argument shortened for echoing in a reply. */
export function echo(arg: string, max = 40): string {
  return arg.length <= max ? arg : `${arg.slice(0, max)}...`;
}
