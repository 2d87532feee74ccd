import type { Language } from '../diagnose/types.js';

/** Labels the Slack messages need beyond the shared headings (src/diagnose/headings.ts). */
export interface SlackLabels {
  workload: string;
  firstSeen: string;
  occurrences: string;
  verify: string;
  rediagnose: string;
  mute1h: string;
  mute24h: string;
  resolvedAfter: (duration: string) => string;
  minutes: (n: number) => string;
  hours: (h: number, m: number) => string;
  moreItems: (n: number) => string;
  moreLines: (n: number) => string;
}

const LABELS: Readonly<Record<Language, SlackLabels>> = {
  en: {
    workload: 'Workload',
    firstSeen: 'First seen',
    occurrences: 'Occurrences',
    verify: 'AI-generated: verify before acting',
    rediagnose: 'Re-diagnose',
    mute1h: 'Mute 1 h',
    mute24h: 'Mute 24 h',
    resolvedAfter: (duration) => `Resolved after ${duration}`,
    minutes: (n) => `${n} min`,
    hours: (h, m) => (m === 0 ? `${h} h` : `${h} h ${m} min`),
    moreItems: (n) => `…and ${n} more`,
    moreLines: (n) => `… ${n} more lines`,
  },
  ja: {
    workload: 'ワークロード',
    firstSeen: '初回検知',
    occurrences: '発生回数',
    verify: 'AI生成の回答です。実行前に確認してください',
    rediagnose: '再診断',
    mute1h: '1時間ミュート',
    mute24h: '24時間ミュート',
    resolvedAfter: (duration) => `${duration}で解決`,
    minutes: (n) => `${n}分`,
    hours: (h, m) => (m === 0 ? `${h}時間` : `${h}時間${m}分`),
    moreItems: (n) => `…ほか${n}件`,
    moreLines: (n) => `…ほか${n}行`,
  },
};

/** The Slack-only labels in `language`. */
export function slackLabels(language: Language): SlackLabels {
  return LABELS[language];
}
