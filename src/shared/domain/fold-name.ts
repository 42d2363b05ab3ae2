/**
 * Folds are numbered from 0 in the contract and on disk (as the trainer plans them: `fold-0/`, `FoldSummary.fold`);
 * wherever a person reads one (the UI, CLI lines, error messages, reports) it is counted from 1. One place for that
 * rule, so the column, the reason and the message never disagree by one.
 */
export const foldName = (fold: number): string => `${fold + 1}`

/** "fold 3" for the contract's fold 2 */
export const foldLabel = (fold: number): string => `fold ${foldName(fold)}`
