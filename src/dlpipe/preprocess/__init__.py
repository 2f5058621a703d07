"""Preprocess stage: config → a fitted, saveable transform (scikit-learn; no Keras).

Row steps (clean, drop, dropna, replace) learn nothing and run before the split; each
other column's kind is then decided on the whole table (``kinds``: what ``check`` decides
too); fitted steps (imputers, label_encode, onehot, scale, calendar parts, the target's
encoding and scale) are fitted on the training split only and reused unchanged for
validation, test and ``predict``.
"""

from dlpipe.preprocess.rows import apply_row_steps
from dlpipe.preprocess.tabular import TabularPreprocessor, fit_tabular
from dlpipe.preprocess.target import infer_task

__all__ = ["TabularPreprocessor", "apply_row_steps", "fit_tabular", "infer_task"]
