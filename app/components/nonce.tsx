// The request's CSP nonce, given to the document's inline scripts during server rendering.
import { createContext, useContext } from "react";

export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
