"""ttdn: analytics for Vietnam's external-information (TTĐN) plans."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
PLANS_DIR = DATA_DIR / "plans"
QUERIES_DIR = ROOT / "queries"
