/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.hipaagrpc.access;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Days of the week and a time of day in which a role is in force, written as
 * {@code MON-FRI 07:00-19:00}. Days are a comma-separated list of days ({@code MON} to
 * {@code SUN}) and ranges of days; a range may wrap ({@code FRI-MON}). The window starts
 * at its start time inclusive and ends at its end time exclusive; {@code 24:00} ends it
 * at midnight. A window whose end is earlier than its start runs overnight: it starts on
 * each of its days and ends on the following day ({@code MON-FRI 22:00-06:00} covers
 * Friday night into Saturday morning).
 *
 * @since 0.1.0
 */
public final class HipaaGrpcAccessTimeWindow {

	private static final Pattern WINDOW = Pattern.compile(
			"([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*) +(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

	private static final int MINUTES_PER_DAY = 24 * 60;

	private final Set<DayOfWeek> days;

	private final int start;

	private final int end;

	private HipaaGrpcAccessTimeWindow(Set<DayOfWeek> days, int start, int end) {
		this.days = days;
		this.start = start;
		this.end = end;
	}

	/**
	 * Return the window that the given text describes.
	 * @param text the window, such as {@code MON-FRI 07:00-19:00}
	 * @return the window
	 * @throws IllegalArgumentException when the text is not a window
	 */
	public static HipaaGrpcAccessTimeWindow parse(String text) {
		Assert.notNull(text, "'text' must not be null");
		Matcher matcher = WINDOW.matcher(text.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Write a window as days and times, such as 'MON-FRI 07:00-19:00'");
		}
		Set<DayOfWeek> days = days(matcher.group(1));
		int start = minuteOfDay(matcher.group(2), matcher.group(3), false);
		int end = minuteOfDay(matcher.group(4), matcher.group(5), true);
		if (start == end) {
			throw new IllegalArgumentException("A window must not start and end at the same time");
		}
		return new HipaaGrpcAccessTimeWindow(days, start, end);
	}

	private static Set<DayOfWeek> days(String text) {
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		for (String item : text.split(",", -1)) {
			String[] range = item.split("-", -1);
			DayOfWeek first = day(range[0]);
			DayOfWeek last = (range.length > 1) ? day(range[1]) : first;
			for (DayOfWeek day = first; day != last; day = day.plus(1)) {
				days.add(day);
			}
			days.add(last);
		}
		return days;
	}

	private static DayOfWeek day(String text) {
		String name = text.toUpperCase(Locale.ROOT);
		for (DayOfWeek day : DayOfWeek.values()) {
			if (day.name().startsWith(name)) {
				return day;
			}
		}
		throw new IllegalArgumentException("Name days as MON, TUE, WED, THU, FRI, SAT or SUN");
	}

	private static int minuteOfDay(String hours, String minutes, boolean end) {
		int hour = Integer.parseInt(hours);
		int minute = Integer.parseInt(minutes);
		if (end && hour == 24 && minute == 0) {
			return MINUTES_PER_DAY;
		}
		if (hour > 23 || minute > 59) {
			throw new IllegalArgumentException("Write times from 00:00 to 23:59, or 24:00 for the end of a day");
		}
		return hour * 60 + minute;
	}

	/**
	 * Return whether the given local date and time falls inside this window.
	 * @param dateTime the date and time, in the time zone the window is read in
	 * @return whether the window is open then
	 */
	public boolean contains(LocalDateTime dateTime) {
		DayOfWeek day = dateTime.getDayOfWeek();
		int minute = dateTime.getHour() * 60 + dateTime.getMinute();
		if (this.start < this.end) {
			return this.days.contains(day) && minute >= this.start && minute < this.end;
		}
		return (this.days.contains(day) && minute >= this.start)
				|| (this.days.contains(day.minus(1)) && minute < this.end);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof HipaaGrpcAccessTimeWindow window) && this.days.equals(window.days)
				&& this.start == window.start && this.end == window.end;
	}

	@Override
	public int hashCode() {
		return (this.days.hashCode() * 31 + this.start) * 31 + this.end;
	}

	@Override
	public String toString() {
		String days = this.days.stream().map((day) -> day.name().substring(0, 3)).collect(Collectors.joining(","));
		return days + " " + time(this.start) + "-" + time(this.end);
	}

	private static String time(int minuteOfDay) {
		return String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
	}

}
