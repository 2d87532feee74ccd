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
  },
};

/** The headings and shared labels in `language`. */
export function headings(language: Language): Readonly<Headings> {
  return HEADINGS[language];
}
