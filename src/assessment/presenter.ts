/** What the assessment's answers say of their method, in both languages. */
export const METHOD = {
  zh: '综合得分 = 100 × 各项比率威尔逊置信下限的加权和 − 扣分（设上限）。排名用置信下限而非原始比率，避免样本少的单位偶然满分排名靠前；派单少于最低样本数的单位列出但不排名。',
  en: 'Score = 100 × the weighted sum of each rate’s Wilson lower bound − deductions (capped). Ranks use the lower bound, not the raw rate, so a unit with few requests cannot rank first by chance; units under the minimum sample are listed, not ranked.',
};
