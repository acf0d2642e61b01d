"""The review panel (评审委员会, §5.3.7): composition, confidentiality, votes, decision."""
