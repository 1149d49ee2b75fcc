/** Tables of the aid area (mirrors migrations/*_aid.sql). */
export {};
