/**
 * chris's spool, /var/spool/mail/chris: the mail of a small gateway's admin, as the mbox a
 * UW-IMAP-era system leaves it. First the folder-internal pseudo-message (hidden by POP3),
 * then a logcheck report, a Fail2Ban alert and a short test message from the teacher.
 * Addresses are documentation ranges (RFC 5737) and reserved names (RFC 2606).
 */
const pseudo = `From MAILER-DAEMON Mon Mar  2 07:58:10 2026
Date: 02 Mar 2026 07:58:10 +0100
From: Mail System Internal Data <MAILER-DAEMON@passerelle.example.test>
Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA
Message-ID: <1772434690@passerelle.example.test>
X-IMAP: 1772434690 0000000003
Status: RO

This entry holds bookkeeping that the mail software keeps for this folder;
it is not a letter. Leave it in place: without it the folder's counters are
started again from zero.
`;

const logcheck = `From logcheck@passerelle.example.test  Mon Mar  2 08:02:03 2026
Return-Path: <logcheck@passerelle.example.test>
X-Original-To: root
Delivered-To: chris@passerelle.example.test
Received: by passerelle.example.test (Postfix, from userid 112)
\tid 4D1E8A0C31; Mon,  2 Mar 2026 08:02:03 +0100 (CET)
To: root@passerelle.example.test
Subject: passerelle.example.test 2026-03-02 08:02 System Events
Message-Id: <20260302070203.4D1E8A0C31@passerelle.example.test>
Date: Mon,  2 Mar 2026 08:02:03 +0100 (CET)
From: logcheck@passerelle.example.test (logcheck system account)
Status: RO

System Events
=-=-=-=-=-=-=
Mar  2 07:05:01 passerelle CRON[21544]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)
Mar  2 07:17:01 passerelle CRON[21601]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)
Mar  2 07:31:44 passerelle kernel: [912345.678901] usb 2-1: new high-speed USB device number 7 using ehci-pci
Mar  2 07:31:45 passerelle kernel: [912346.102334] sd 6:0:0:0: [sdb] 15633408 512-byte logical blocks: (8.00 GB/7.45 GiB)
Mar  2 07:44:12 passerelle postfix/smtpd[21688]: warning: hostname dsl-198-51-100-23.example.net does not resolve to address 198.51.100.23
Mar  2 07:44:12 passerelle postfix/smtpd[21688]: NOQUEUE: reject: RCPT from unknown[198.51.100.23]: 554 5.7.1 <nobody@passerelle.example.test>: Relay access denied
Mar  2 07:52:09 passerelle sshd[21730]: Invalid user oracle from 203.0.113.47 port 51122
Mar  2 07:52:11 passerelle sshd[21730]: Failed password for invalid user oracle from 203.0.113.47 port 51122 ssh2
Mar  2 07:58:10 passerelle pop3d: LOGIN, user=chris, ip=[192.168.1.20]
`;

const fail2ban = `From fail2ban@passerelle.example.test  Mon Mar  2 08:09:27 2026
Return-Path: <fail2ban@passerelle.example.test>
X-Original-To: root
Delivered-To: chris@passerelle.example.test
Received: by passerelle.example.test (Postfix, from userid 0)
\tid 9A27FA0C35; Mon,  2 Mar 2026 08:09:27 +0100 (CET)
Subject: [Fail2Ban] sshd: banned 203.0.113.47 from passerelle
Date: Mon,  2 Mar 2026 08:09:27 +0100
From: Fail2Ban <fail2ban@passerelle.example.test>
To: root@passerelle.example.test
Message-Id: <20260302070927.9A27FA0C35@passerelle.example.test>
Status: RO

Hello,

Fail2Ban has just banned 203.0.113.47 on passerelle after 6 failed
sshd logins in under ten minutes. The ban lasts one hour.

What whois says about the address:

inetnum:        203.0.113.0 - 203.0.113.255
netname:        TEST-NET-3
descr:          Address block reserved for documentation (RFC 5737)
country:        ZZ

The matching lines of /var/log/auth.log:

Mar  2 08:08:51 passerelle sshd[21790]: Failed password for invalid user admin from 203.0.113.47 port 51240 ssh2
Mar  2 08:08:58 passerelle sshd[21794]: Failed password for invalid user ubuntu from 203.0.113.47 port 51262 ssh2
Mar  2 08:09:04 passerelle sshd[21797]: Failed password for invalid user test from 203.0.113.47 port 51281 ssh2
Mar  2 08:09:11 passerelle sshd[21801]: Failed password for root from 203.0.113.47 port 51297 ssh2
Mar  2 08:09:18 passerelle sshd[21805]: Failed password for invalid user git from 203.0.113.47 port 51315 ssh2
Mar  2 08:09:25 passerelle sshd[21808]: Failed password for invalid user pi from 203.0.113.47 port 51330 ssh2

Regards,
Fail2Ban
`;

const test = `From prof@ecole.example.net  Mon Mar  2 08:14:52 2026
Return-Path: <prof@ecole.example.net>
X-Original-To: chris@passerelle.example.test
Delivered-To: chris@passerelle.example.test
Received: from [192.168.1.10] (portable.example.test [192.168.1.10])
\tby passerelle.example.test (Postfix) with ESMTP id C3B05A0C38
\tfor <chris@passerelle.example.test>; Mon,  2 Mar 2026 08:14:52 +0100 (CET)
Message-ID: <5e1c0a2f-71d4-4b8e-9a3e-2c7f0b6d1e44@ecole.example.net>
Date: Mon, 2 Mar 2026 08:14:50 +0100
From: Le prof <prof@ecole.example.net>
To: chris@passerelle.example.test
Subject: Essai
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit
Status: O

Bonjour Chris,

Un petit mot pour vérifier que le courrier arrive bien jusqu'à toi.
Si tu lis ces lignes avec RETR, c'est gagné !

Le prof
`;

/** The file as it sits in the spool: each message followed by an empty line. */
export const chrisMbox: string = [pseudo, logcheck, fail2ban, test].map((m) => `${m}\n`).join('');
