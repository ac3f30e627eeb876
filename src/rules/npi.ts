/**
 * NPI check digit: the Luhn algorithm over the prefix 80840 followed by the first nine digits
 * (CMS, "NPI Check Digit"). The tenth digit is the check digit.
 */
export function npiCheckDigit(firstNine: string): number {
  const digits = `80840${firstNine}`;
  let sum = 0;
  // Double every second digit from the right of the 14 digits (the check digit's position is next).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === npi.charCodeAt(9) - 48;
}

/** Completes nine digits into a valid NPI (for fixtures and generators). */
export function makeNpi(firstNine: string): string {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('need nine digits');
  return `${firstNine}${npiCheckDigit(firstNine)}`;
}
