"""Working days on the PRC statutory calendar (法定节假日与调休) for objection deadlines."""
