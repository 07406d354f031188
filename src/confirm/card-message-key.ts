/** Claim-store key of the message a card (all its buttons share the nonce) was posted in. */
export function cardMessageKey(nonce: string): string {
  return `card-message:${nonce}`;
}
