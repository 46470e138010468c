/** Baseline for the bench: multinomial naive Bayes over character bigrams with Laplace smoothing. */
export interface NaiveBayesModel {
  nClasses: number;
  logPriors: number[];
  /** Per bigram, log P(bigram | class) for each class. */
  logLikelihoods: Map<string, Float64Array>;
}

function charBigrams(text: string): string[] {
  const chars = [...text.replace(/\s+/g, '')];
  return chars.slice(1).map((ch, i) => chars[i] + ch);
}

export function trainNaiveBayes(
  texts: string[],
  labels: number[],
  nClasses: number,
  alpha = 1,
): NaiveBayesModel {
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(nClasses);
  const docCounts = new Float64Array(nClasses);
  texts.forEach((text, i) => {
    const y = labels[i] as number;
    docCounts[y]!++;
    for (const gram of charBigrams(text)) {
      let row = counts.get(gram);
      if (!row) counts.set(gram, (row = new Float64Array(nClasses)));
      row[y]!++;
      totals[y]!++;
    }
  });
  const denominators = totals.map((t) => Math.log(t + alpha * counts.size));
  const logLikelihoods = new Map<string, Float64Array>();
  for (const [gram, row] of counts) {
    logLikelihoods.set(
      gram,
      row.map((c, y) => Math.log(c + alpha) - (denominators[y] as number)),
    );
  }
  return {
    nClasses,
    logPriors: [...docCounts].map((n) => Math.log(n / texts.length)),
    logLikelihoods,
  };
}

/** Index of the most probable class; bigrams never seen in training are ignored. */
export function predictNaiveBayes(model: NaiveBayesModel, text: string): number {
  const logPosterior = Float64Array.from(model.logPriors);
  for (const gram of charBigrams(text)) {
    const row = model.logLikelihoods.get(gram);
    if (row) for (let y = 0; y < model.nClasses; y++) logPosterior[y]! += row[y] as number;
  }
  let best = 0;
  for (let y = 1; y < model.nClasses; y++) if (logPosterior[y]! > logPosterior[best]!) best = y;
  return best;
}
