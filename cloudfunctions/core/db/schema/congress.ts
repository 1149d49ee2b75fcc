/** Tables of the congress area (mirrors migrations/*_congress.sql). */
export {};
