/** The settings types the transport needs: where the API is and which credentials sign for it. */

/** Where and how the TCSS API is reached. */
export interface Endpoint {
  /** 'https://' everywhere; 'http://' only for a loopback emulator. */
  protocol: 'https://' | 'http://'
  /** host[:port], as the SDK expects it in `httpProfile.endpoint`. */
  host: string
  /** The host name alone (no port, no brackets), for proxy decisions. */
  hostname: string
}

export interface Credentials {
  secretId: string
  secretKey: string
  /** Session token of temporary (STS) credentials. */
  token?: string
}

/** Keyless credentials: the job's GitHub OIDC token exchanged through STS AssumeRoleWithWebIdentity. */
export interface OidcSettings {
  /** The CAM role to assume (`role-arn`), e.g. qcs::cam::uin/100000000001:roleName/tcss-virus-gate. */
  roleArn: string
  /** The name of the CAM OIDC identity provider that trusts GitHub (`provider-id`). */
  providerId: string
  /** The audience (`aud`) asked for in the job's ID token (`oidc-audience`). */
  audience: string
  /** RoleSessionName: names the run in the account's audit log. */
  sessionName: string
  /** STS, on the TCSS endpoint's site (the endpoint itself for a loopback emulator). */
  stsEndpoint: Endpoint
  /** The Region common parameter STS requires: the `region` input, else ap-guangzhou. */
  stsRegion: string
}

/** Where the credentials of the TCSS calls come from. */
export type CredentialSource =
  { kind: 'keys'; credentials: Credentials } | { kind: 'oidc'; oidc: OidcSettings }
