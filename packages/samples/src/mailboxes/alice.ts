/**
 * alice's Maildir, /home/alice/Maildir: three messages she has already read (cur/, flag S)
 * and one that has just arrived (new/). Each is written the Maildir way (tmp/, then renamed).
 */
export interface MaildirSample {
  /** The unique part of the file name: delivery time, then a per-delivery part, then the host. */
  readonly unique: string;
  readonly folder: 'cur' | 'new';
  /** Maildir flags for cur/ ("S": seen, "RS": replied and seen). */
  readonly flags: string;
  readonly text: string;
}

export const aliceMaildir: readonly MaildirSample[] = [
  {
    unique: '1772438400.M120031P3121.mail.example.test',
    folder: 'cur',
    flags: 'S',
    text: `Return-Path: <postmaster@example.test>
Delivered-To: alice@example.test
Date: Mon, 02 Mar 2026 09:00:00 +0100
From: Postmaster <postmaster@example.test>
To: Alice <alice@example.test>
Subject: Welcome to your Maildir / Bienvenue dans votre Maildir
Message-ID: <welcome-alice@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Your mail is kept in a Maildir: every message is a file of its own.
New mail lands in new/, mail you have seen sits in cur/, and tmp/ holds
deliveries that are still being written.

Votre courrier est rangé dans un Maildir : chaque message est un fichier.
Le courrier neuf arrive dans new/, le courrier déjà vu est dans cur/, et
tmp/ contient les livraisons en cours d'écriture.
`,
  },
  {
    unique: '1772449210.M501877P3190.mail.example.test',
    folder: 'cur',
    flags: 'RS',
    text: `Return-Path: <bob@example.net>
Delivered-To: alice@example.test
Date: Mon, 02 Mar 2026 12:00:10 +0100
From: Bob <bob@example.net>
To: Alice <alice@example.test>
Subject: Lunch on Thursday?
Message-ID: <lunch-1@example.net>
Content-Type: text/plain; charset=us-ascii

Hi Alice,

Are you free for lunch on Thursday? The new noodle place opposite the
library opens at noon. I can book a table for two.

Bob
`,
  },
  {
    unique: '1772464805.M77310P3302.mail.example.test',
    folder: 'cur',
    flags: 'S',
    text: `Return-Path: <zoe@example.org>
Delivered-To: alice@example.test
Date: Mon, 02 Mar 2026 16:20:05 +0100
From: Zoé Lefèvre <zoe@example.org>
To: Alice <alice@example.test>
Subject: Réunion de jeudi — ordre du jour
Message-ID: <reunion-jeudi@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Bonjour Alice,

Pour la réunion de jeudi, je propose trois points :
 1. le bilan du trimestre ;
 2. le déménagement du serveur de courrier ;
 3. les congés d'été.

Peux-tu apporter les chiffres ? Merci !

Zoé
`,
  },
  {
    unique: '1772521380.M904412P4018.mail.example.test',
    folder: 'new',
    flags: '',
    text: `Return-Path: <bob@example.net>
Delivered-To: alice@example.test
Date: Tue, 03 Mar 2026 08:03:00 +0100
From: Bob <bob@example.net>
To: Alice <alice@example.test>
Subject: Re: Lunch on Thursday?
In-Reply-To: <lunch-2@example.test>
Message-ID: <lunch-3@example.net>
Content-Type: text/plain; charset=us-ascii

Booked: Thursday, 12:15, table by the window. See you there!

Bob
`,
  },
];
