/**
 * Where the HTTP client gets its bearer token. A static token never changes; a refreshing one
 * (service app / integration) renews itself and can be told that Webex rejected a token.
 */
export interface TokenProvider {
  /** The token to send now. */
  getToken(): Promise<string>;
  /**
   * Webex answered 401 to `rejected`. Returns true when a different token is now available and the
   * call is worth one retry; a static token returns false.
   */
  onUnauthorized(rejected: string): Promise<boolean>;
}

export function staticToken(token: string): TokenProvider {
  return {
    getToken: async () => token,
    onUnauthorized: async () => false,
  };
}
