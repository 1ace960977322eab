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

/** "Find your organisation": where this address can log in (sent only when there is at least one). */
export function organisationsMail(to: string, orgs: { name: string; link: string }[]): Mail {
  return {
    to,
    subject: orgs.length === 1 ? 'Your organisation on Quorum' : 'Your organisations on Quorum',
    text: [
      'Someone (hopefully you) asked where this address can log in to Quorum.',
      '',
      orgs.length === 1 ? 'It has an account here:' : `It has an account in ${orgs.length} organisations:`,
      ...orgs.map((o) => `- ${o.name}: ${o.link}`),
      '',
      'If you did not ask for this, ignore this message: nothing has changed.',
    ].join('\n'),
  };
}

/** A webhook endpoint was switched off after failed deliveries (issue 25): to each admin. */
export function webhookDisabledMail(to: string, org: string, url: string, failures: number, link: string | null): Mail {
  return {
    to,
    subject: `A webhook of ${org} was switched off`,
    text: [
      `Quorum could not deliver events to this webhook endpoint of ${org}:`,
      url,
      '',
      `${failures} deliveries in a row failed after all their attempts, so the endpoint was switched off and no more events are sent to it.`,
      link
        ? `Check the delivery log and switch it back on here: ${link}`
        : 'An admin can check the delivery log and switch it back on in the organisation’s settings.',
    ].join('\n'),
  };
}
