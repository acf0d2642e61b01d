"""Credit service agencies and their people (§4): eligibility, qualification, conflicts."""
