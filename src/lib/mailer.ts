import nodemailer from 'nodemailer';

/** An e-mail to send: plain text always, HTML optionally. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends e-mail. The SMTP one is real; tests point it at an SMTP server started in the test. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer over SMTP (`smtp://user:pass@host:port`, or `smtps://` for TLS from the start). */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
  };
}
