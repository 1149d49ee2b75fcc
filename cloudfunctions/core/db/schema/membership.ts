/** Tables of the membership area (mirrors migrations/*_membership.sql). */
export {};
