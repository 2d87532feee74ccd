import type { Severity } from '../analyze/types.js';
import type { Language } from './types.js';

/** The five-part headings (the seed's, in `ja`) and a few labels every renderer shares. */
export interface Headings {
  faultLocation: string;
  additionalInfo: string;
  explanation: string;
  causes: string;
  debugSteps: string;
  fixes: string;
  /** Marks an answer written by the rules instead of the LLM. */
  ruleBased: string;
  /** Why the rules answered although an LLM is configured. */
  llmFailed: string;
  /** Marks an answer written by the LLM; followed by the model name. */
  aiGenerated: string;
  /** Heading of the evidence block. */
  evidence: string;
  /** Label of the affected pods. */
  pods: string;
  severity: string;
  namespace: string;
  cluster: string;
  resolved: string;
  /** The severity as a word people read (`HIGH`, `重大`). */
  severities: Readonly<Record<Severity, string>>;
  /** What an analysis that found nothing says. */
  noFailures: (objects: number) => string;
}

const HEADINGS: Readonly<Record<Language, Readonly<Headings>>> = {
  en: {
    faultLocation: 'Fault location',
    additionalInfo: 'Additional info',
    explanation: 'What the error means',
    causes: 'Probable causes',
    debugSteps: 'Debug steps',
    fixes: 'Fixes',
    ruleBased: 'rule-based',
    llmFailed: 'the LLM did not answer',
    aiGenerated: 'AI-generated',
    evidence: 'Evidence',
    pods: 'Pods',
    severity: 'Severity',
    namespace: 'Namespace',
    cluster: 'Cluster',
    resolved: 'Resolved',
    severities: { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' },
    noFailures: (objects) => `No failures found (${objects} objects analysed).`,
  },
  ja: {
    faultLocation: '障害箇所',
    additionalInfo: '追加情報',
    explanation: 'エラー内容の説明',
    causes: '原因として予測される内容',
    debugSteps: 'エラーのデバッグ方針',
    fixes: 'エラーの解決方法',
    ruleBased: 'ルールベース',
    llmFailed: 'LLMが応答しませんでした',
    aiGenerated: 'AI生成',
    evidence: '根拠',
    pods: 'Pod',
    severity: '重要度',
    namespace: 'Namespace',
    cluster: 'クラスタ',
    resolved: '解決済み',
    severities: { critical: '緊急', high: '重大', medium: '警告', low: '軽微' },
    noFailures: (objects) => `障害は見つかりませんでした（${objects} 件のオブジェクトを分析）。`,
  },
};

/** The headings and shared labels in `language`. */
export function headings(language: Language): Readonly<Headings> {
  return HEADINGS[language];
}
