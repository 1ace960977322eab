import type { Mail } from './mailer';

// Plain-text messages: short, saying who sent them, what the link does and how long it works.

export function invitationMail(to: string, org: string, link: string, days: number): Mail {
  return {
    to,
    subject: `You are invited to ${org} on Quorum`,
    text: [
      `You have been invited to join ${org} on Quorum, where its members run polls.`,
      '',
      `Choose your password and join here (the link works once, for ${days} days):`,
      link,
      '',
      'If you did not expect this invitation, ignore this message.',
    ].join('\n'),
  };
}

export function passwordResetMail(to: string, org: string, link: string, minutes: number): Mail {
  return {
    to,
    subject: `Reset your ${org} password`,
    text: [
      `Someone (hopefully you) asked to reset the password of your ${org} account on Quorum.`,
      '',
      `Choose a new password here (the link works once, for ${minutes} minutes):`,
      link,
      '',
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}
