/** authorize()'s errors after a right password: the form asks for the two-factor code. */
export const TWO_FACTOR_CODE_ERRORS = ['TwoFactorRequired', 'TwoFactorWrong'];

/** next-auth's error codes → sentences; sentences thrown by authorize() pass through. */
export function loginErrorSentence(code: string | null | undefined): string | null {
  if (!code) return null;
  switch (code) {
    case 'CredentialsSignin':
      return 'That email and password do not match an account here.';
    case 'TwoFactorRequired':
      return 'Enter the 6-digit code from your authenticator app, or a recovery code.';
    case 'TwoFactorWrong':
      return 'That code is not right (or it was already used). Enter the code your app shows now.';
    case 'SessionRequired':
      return 'Please log in to continue.';
    case 'Configuration':
    case 'Callback':
    case 'Default':
      return 'Logging in failed on our side. Please try again.';
    default:
      // authorize() throws LoginError sentences (rate limit, suspended organisation).
      return /^[A-Z][^<>]{3,200}[.!?]$/.test(code) ? code : 'Logging in failed. Please try again.';
  }
}
