"""The board's side of offers: cards, decisions, questions to donors, »not now« categories."""
