"""For ``pytest --nbval notebooks``: kernels that start when HOME is not writable.

nbval starts the kernels from this process's environment; where HOME cannot
take Jupyter's, IPython's and matplotlib's files, they go into the folders of
:func:`lcstudy.pipeline.notebooks.runtime_folders` (else a warning lands in the
compared outputs, or the kernel dies).
"""

import os

from lcstudy.pipeline.notebooks import runtime_folders

os.environ.update(runtime_folders())
