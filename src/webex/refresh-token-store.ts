/**
 * Where a refresh token that Webex rotated is kept, so a restart (or another instance) uses the
 * newest one instead of the configured one, which Webex may have retired.
 */
export interface RefreshTokenStore {
  /** The newest refresh token stored for this credential, if any. */
  load(): Promise<string | undefined>;
  save(refreshToken: string): Promise<void>;
}
