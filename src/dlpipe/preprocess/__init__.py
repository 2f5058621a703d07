"""Preprocess stage: config → a fitted, saveable transform (scikit-learn; no Keras).

Row steps (clean, drop, dropna, replace) learn nothing and run before the split; fitted
steps (label_encode, onehot, scale, the target's encoding) are fitted on the training
split only and reused unchanged for validation, test and ``predict``.
"""

from dlpipe.preprocess.rows import apply_row_steps
from dlpipe.preprocess.tabular import TabularPreprocessor, fit_tabular
from dlpipe.preprocess.target import infer_task

__all__ = ["TabularPreprocessor", "apply_row_steps", "fit_tabular", "infer_task"]
