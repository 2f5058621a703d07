"""Data stage: read raw samples (CSV and embedded data sets) and split them.

Sources return raw, unprocessed data; everything learned from data happens in
:mod:`dlpipe.preprocess`, after the split.
"""

from dlpipe.data.split import Splits, split_frame
from dlpipe.data.tabular import read_header, read_table

__all__ = ["Splits", "read_header", "read_table", "split_frame"]
