package parser

// OnFallback sets the hook the fast path calls when it refuses a message.
func OnFallback(f func()) { onFallback = f }
