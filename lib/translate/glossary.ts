/**
 * ML/AI terminology, English → Simplified Chinese, plus the user's own entries.
 *
 * - LLM services get the glossary in their system prompt (`glossaryPrompt`).
 * - Machine-translation services cannot take instructions, so terms whose target is the source
 *   itself ("keep as is": rollout, token, Transformer …) are masked like math (`keepTerms` →
 *   `protect`), which is what stops "rollout tokens" becoming "推广代币".
 *
 * Decision on "token": kept in English. Chinese ML writing overwhelmingly writes "token"
 * (词元 is the standardised term but rarely used in papers/blogs); MT services translate it as
 * 令牌/代币, which is wrong in this domain.
 */
import { isChinese } from './languages';

export interface GlossaryEntry {
  term: string;
  /** `null`: keep the term as is (in every target language). */
  translation: string | null;
}

/** Built-in entries, for Simplified Chinese targets (keep-as-is entries apply to zh-CN and zh-TW). */
export const BUILTIN_GLOSSARY_ZH: readonly GlossaryEntry[] = (
  [
    // Kept in English.
    ['rollout', null],
    ['token', null],
    ['Transformer', null],
    ['logit', null],
    ['softmax', null],
    ['dropout', null],
    ['LoRA', null],
    // Usual Chinese renderings.
    ['prompt', '提示词'],
    ['checkpoint', '检查点'],
    ['embedding', '嵌入'],
    ['tokenizer', '分词器'],
    ['backbone', '骨干网络'],
    ['agent', '智能体'],
    ['scaling law', '缩放定律'],
    // Learning paradigms.
    ['reinforcement learning', '强化学习'],
    ['deep reinforcement learning', '深度强化学习'],
    ['reinforcement learning from human feedback', '基于人类反馈的强化学习'],
    ['supervised learning', '监督学习'],
    ['unsupervised learning', '无监督学习'],
    ['self-supervised learning', '自监督学习'],
    ['semi-supervised learning', '半监督学习'],
    ['contrastive learning', '对比学习'],
    ['imitation learning', '模仿学习'],
    ['meta-learning', '元学习'],
    ['transfer learning', '迁移学习'],
    ['federated learning', '联邦学习'],
    ['continual learning', '持续学习'],
    ['in-context learning', '上下文学习'],
    ['representation learning', '表征学习'],
    ['curriculum learning', '课程学习'],
    ['zero-shot', '零样本'],
    ['few-shot', '少样本'],
    // Models.
    ['large language model', '大语言模型'],
    ['language model', '语言模型'],
    ['vision-language model', '视觉语言模型'],
    ['vision-language-action model', '视觉-语言-动作模型'],
    ['multimodal', '多模态'],
    ['foundation model', '基础模型'],
    ['diffusion model', '扩散模型'],
    ['diffusion policy', '扩散策略'],
    ['reward model', '奖励模型'],
    ['world model', '世界模型'],
    ['mixture of experts', '混合专家'],
    ['neural network', '神经网络'],
    ['graph neural network', '图神经网络'],
    ['convolutional neural network', '卷积神经网络'],
    ['recurrent neural network', '循环神经网络'],
    ['autoencoder', '自编码器'],
    ['variational autoencoder', '变分自编码器'],
    ['generative adversarial network', '生成对抗网络'],
    ['encoder', '编码器'],
    ['decoder', '解码器'],
    ['policy', '策略'],
    ['value function', '价值函数'],
    ['reward', '奖励'],
    // Mechanisms and techniques.
    ['attention', '注意力'],
    ['self-attention', '自注意力'],
    ['cross-attention', '交叉注意力'],
    ['attention head', '注意力头'],
    ['chain-of-thought', '思维链'],
    ['fine-tuning', '微调'],
    ['pre-training', '预训练'],
    ['post-training', '后训练'],
    ['instruction tuning', '指令微调'],
    ['knowledge distillation', '知识蒸馏'],
    ['distillation', '蒸馏'],
    ['quantization', '量化'],
    ['pruning', '剪枝'],
    ['retrieval-augmented generation', '检索增强生成'],
    ['hallucination', '幻觉'],
    ['alignment', '对齐'],
    ['inference', '推理'],
    ['reasoning', '推理'],
    ['gradient descent', '梯度下降'],
    ['stochastic gradient descent', '随机梯度下降'],
    ['backpropagation', '反向传播'],
    ['loss function', '损失函数'],
    ['overfitting', '过拟合'],
    ['regularization', '正则化'],
    ['hyperparameter', '超参数'],
    ['latent space', '潜在空间'],
    ['latent', '潜在'],
    ['denoising', '去噪'],
    ['sampling', '采样'],
    ['trajectory', '轨迹'],
    ['sim-to-real', '仿真到现实'],
    ['embodied', '具身'],
    ['embodied intelligence', '具身智能'],
    ['manipulation', '操作'],
    ['locomotion', '运动'],
    // Evaluation.
    ['benchmark', '基准'],
    ['baseline', '基线'],
    ['ablation', '消融'],
    ['ablation study', '消融实验'],
    ['state-of-the-art', '最先进的'],
    ['ground truth', '真实值'],
    ['generalization', '泛化'],
    ['robustness', '鲁棒性'],
    ['scalability', '可扩展性'],
  ] as const
).map(([term, translation]) => ({ term, translation }));

export interface ParsedGlossary {
  entries: GlossaryEntry[];
  errors: Array<{ line: number; message: string }>;
}

/**
 * Parses the user's glossary: one entry a line, `term => translation` (also `→`, `=`, tab) or
 * `term` alone = keep as is. Blank lines and lines starting with `#` are ignored.
 */
export function parseUserGlossary(text: string): ParsedGlossary {
  const entries: GlossaryEntry[] = [];
  const errors: ParsedGlossary['errors'] = [];
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(.*?)\s*(?:=>|→|⇒|\t|=)\s*(.*)$/.exec(line);
    const term = (m ? m[1]! : line).trim();
    const translation = m ? m[2]!.trim() : '';
    if (!term) {
      errors.push({ line: i + 1, message: 'missing term before "=>"' });
      return;
    }
    entries.push({ term, translation: translation === '' || translation === term ? null : translation });
  });
  return { entries, errors };
}

/**
 * The glossary in force for a target: user entries override built-in ones with the same term
 * (case-insensitive). Built-in translations apply to Simplified Chinese; built-in keep-as-is terms
 * to both Chinese targets; user entries to every target.
 */
export function buildGlossary(
  target: string,
  user: readonly GlossaryEntry[] = [],
  opts: { builtin?: boolean } = {},
): GlossaryEntry[] {
  const out = new Map<string, GlossaryEntry>();
  if (opts.builtin !== false && isChinese(target)) {
    const simplified = target.toLowerCase() === 'zh-cn' || target.toLowerCase() === 'zh';
    for (const e of BUILTIN_GLOSSARY_ZH) {
      if (e.translation === null || simplified) out.set(e.term.toLowerCase(), e);
    }
  }
  for (const e of user) out.set(e.term.toLowerCase(), e);
  return [...out.values()];
}

/** Terms to keep as is (masked for machine translation). */
export function keepTerms(entries: readonly GlossaryEntry[]): string[] {
  return entries.filter((e) => e.translation === null).map((e) => e.term);
}

/** The glossary section of an LLM system prompt ('' when empty). */
export function glossaryPrompt(entries: readonly GlossaryEntry[]): string {
  if (entries.length === 0) return '';
  const keep = entries.filter((e) => e.translation === null).map((e) => e.term);
  const pairs = entries.filter((e) => e.translation !== null).map((e) => `${e.term} → ${e.translation}`);
  const lines: string[] = ['Terminology (follow exactly):'];
  if (pairs.length) lines.push(...pairs.map((p) => `- ${p}`));
  if (keep.length) lines.push(`Keep these terms in English, untranslated: ${keep.join(', ')}.`);
  return lines.join('\n');
}
