import os
import sys

# tests import their NumPy reference twins as plain modules
sys.path.insert(0, os.path.dirname(__file__))
